-- The AMHP register and open-referral imports (issue 19) keep their uploads in setup_imports too.
-- 'approvals' was reserved in 1201 and never used; the register import is 'register'.
alter table setup_imports drop constraint setup_imports_kind_check;
alter table setup_imports add constraint setup_imports_kind_check check (kind in ('staff', 'register', 'referrals', 'rota'));

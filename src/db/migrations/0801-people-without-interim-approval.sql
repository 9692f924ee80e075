-- people.approval_expires_on was the interim AMHP approval field from before the register
-- (0200). The register's approvals are the only source of approvals; nothing reads it any more.
alter table people drop column approval_expires_on;

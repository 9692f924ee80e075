-- Staff welfare guidance §5.7: EDT peer AMHP supervision (held monthly) is EDT AMHPs' supervision
-- (issue 12 item 9). The default rule now counts it; a supervision policy an administrator saved
-- before this change gets edt_peer added to the EDT rule's kinds that count.
update settings
set value = jsonb_set(value, '{rules,edt,countedTypes}', (value #> '{rules,edt,countedTypes}') || '["edt_peer"]'::jsonb),
    version = version + 1,
    updated_at = now()
where key = 'register.supervisionPolicy'
  and jsonb_typeof(value #> '{rules,edt,countedTypes}') = 'array'
  and not (value #> '{rules,edt,countedTypes}') @> '["edt_peer"]'::jsonb;

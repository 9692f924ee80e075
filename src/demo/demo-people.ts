import type { Role } from '../platform/roles.js';

/** Invented organisations and people. Phone numbers are from Ofcom's drama range (01632 960xxx). */
export const DEMO_ORGANISATIONS = [
  { key: 'ashdown', name: 'Ashdown Council', shortName: 'Ashdown', kind: 'lssa' },
  { key: 'brackenford', name: 'Brackenford Borough Council', shortName: 'Brackenford', kind: 'lssa' },
  { key: 'corrington', name: 'Corrington Council', shortName: 'Corrington', kind: 'lssa' },
  { key: 'trust', name: 'Three Rivers Mental Health NHS Foundation Trust', shortName: 'Three Rivers NHS', kind: 'nhs_trust' },
] as const;

export type DemoOrganisationKey = (typeof DEMO_ORGANISATIONS)[number]['key'];

export const DEMO_TEAMS = [
  { key: 'daytime', name: 'AMHP Service (daytime)', kind: 'daytime', organisation: 'trust' },
  { key: 'edt', name: 'Emergency Duty Team', kind: 'edt', organisation: 'ashdown' },
] as const;

export type DemoTeamKey = (typeof DEMO_TEAMS)[number]['key'];

export interface DemoPerson {
  key: string;
  name: string;
  email: string;
  jobTitle: string;
  organisation: DemoOrganisationKey;
  team: DemoTeamKey | null;
  roles: Role[];
  manager?: string;
  /**
   * When the demo's register approval of this AMHP ends: the register's demo seeder records the
   * approval from it (the register is the only place approvals live; people carry none).
   */
  approvalExpiresOn?: string;
}

const named: DemoPerson[] = [
  { key: 'admin', name: 'Priya Ashworth', email: 'admin@example.org', jobTitle: 'Systems administrator', organisation: 'ashdown', team: null, roles: ['admin'] },
  { key: 'manager', name: 'Gareth Lindqvist', email: 'manager@example.org', jobTitle: 'AMHP operational manager', organisation: 'trust', team: 'daytime', roles: ['operational_manager', 'line_manager'] },
  { key: 'lead', name: 'Morwenna Tregarth', email: 'lead@example.org', jobTitle: 'AMHP Lead', organisation: 'trust', team: 'daytime', roles: ['amhp_lead', 'amhp'], manager: 'manager', approvalExpiresOn: '2029-03-31' },
  { key: 'amhp', name: 'Tobias Okonkwo-Reid', email: 'amhp@example.org', jobTitle: 'Senior social worker (AMHP)', organisation: 'brackenford', team: 'daytime', roles: ['amhp'], manager: 'linemanager', approvalExpiresOn: '2028-09-30' },
  { key: 'edtManager', name: 'Sunniva Halvorsen', email: 'edt-manager@example.org', jobTitle: 'EDT service manager', organisation: 'ashdown', team: 'edt', roles: ['edt_manager', 'line_manager'] },
  { key: 'edt', name: 'Declan Mufaro', email: 'edt@example.org', jobTitle: 'EDT social worker (AMHP)', organisation: 'ashdown', team: 'edt', roles: ['edt_officer', 'amhp'], manager: 'edtManager', approvalExpiresOn: '2027-06-30' },
  { key: 'support', name: 'Hollie Brennan-Szabo', email: 'support@example.org', jobTitle: 'Business support officer', organisation: 'trust', team: 'daytime', roles: ['business_support'], manager: 'manager' },
  { key: 'leadAmhp', name: 'Anselm Fairweather', email: 'lead-amhp@example.org', jobTitle: 'Lead AMHP', organisation: 'corrington', team: null, roles: ['lead_amhp', 'amhp'], approvalExpiresOn: '2030-01-31' },
  { key: 'director', name: 'Rosalind Achterberg', email: 'director@example.org', jobTitle: 'Director of Adult Social Services', organisation: 'brackenford', team: null, roles: ['governance_viewer'] },
  { key: 'psw', name: 'Ifeoma Castellano', email: 'psw@example.org', jobTitle: 'Principal social worker', organisation: 'corrington', team: null, roles: ['governance_viewer'] },
  { key: 'linemanager', name: 'Wilfred Nakashima', email: 'linemanager@example.org', jobTitle: 'Team manager, community mental health', organisation: 'brackenford', team: null, roles: ['line_manager'] },
  { key: 'edtOfficer2', name: 'Carys Oyelaran', email: 'carys.oyelaran@example.org', jobTitle: 'EDT social worker', organisation: 'ashdown', team: 'edt', roles: ['edt_officer'], manager: 'edtManager' },
  { key: 'support2', name: 'Jonah Pettigrew', email: 'jonah.pettigrew@example.org', jobTitle: 'Business support officer', organisation: 'trust', team: 'daytime', roles: ['business_support'], manager: 'manager' },
  { key: 's12doctor', name: 'Dr Helena Marsden', email: 'doctor@example.org', jobTitle: 'Consultant psychiatrist (section 12 approved)', organisation: 'trust', team: null, roles: ['s12_doctor'] },
  // A second doctor who signs in, so that both recommendations of an application can be signed in the app.
  { key: 's12doctor2', name: 'Dr Imran Qureshi', email: 'doctor2@example.org', jobTitle: 'Consultant psychiatrist, approved clinician (section 12 approved)', organisation: 'trust', team: null, roles: ['s12_doctor'] },
  { key: 'claims', name: 'Barnaby Quillfeather', email: 'claims@example.org', jobTitle: 'Claims officer, Three Rivers NHS', organisation: 'trust', team: null, roles: ['claims_officer'] },
  { key: 'lead2', name: 'Esther Valcourt', email: 'esther.valcourt@example.org', jobTitle: 'AMHP Lead', organisation: 'trust', team: 'daytime', roles: ['amhp_lead', 'amhp'], manager: 'manager', approvalExpiresOn: '2028-12-31' },
  // A person at a partner agency (issue 14): signs in with the Partner agency role and sees only Northvale Police's escalations.
  { key: 'partner', name: 'Ottilie Marchbank', email: 'partner@example.org', jobTitle: 'Response inspector, Northvale Police', organisation: 'ashdown', team: null, roles: ['partner'] },
];

const firstNames = ['Aled', 'Bethany', 'Chidi', 'Delphine', 'Emrys', 'Fenella', 'Gideon', 'Harriet', 'Ishaan', 'Jocasta', 'Kwame', 'Lavinia', 'Matthias', 'Niamh', 'Oluwaseun', 'Perpetua', 'Quentin', 'Rhiannon', 'Saoirse', 'Thaddeus', 'Ursula', 'Valentin', 'Wilhelmina', 'Xavier', 'Yasmin', 'Zebedee'];
const lastNames = ['Abernethy', 'Blackwood', 'Cheung-Moss', 'Dunmore', 'Eastleigh', 'Fairclough', 'Grimshaw', 'Hartigan', 'Iqbal-Rowe', 'Jessop', 'Kowalczyk', 'Lockhart', 'Mbatha', 'Northcott', 'Ormerod', 'Penhaligon', 'Quayle', 'Rushworth', 'Stanhope', 'Thistlewood', 'Umberton', 'Varga', 'Whitcombe', 'Yelland', 'Zielinski', 'Ashcombe'];
const employers: DemoOrganisationKey[] = ['ashdown', 'brackenford', 'corrington', 'trust'];

/** Rota AMHPs drawn from every employer: about 26 more people, 40 in all. */
const rotaAmhps: DemoPerson[] = firstNames.map((first, index) => {
  const last = lastNames[(index * 7) % lastNames.length] ?? 'Smith';
  const year = 2027 + (index % 4);
  const month = String(1 + ((index * 5) % 12)).padStart(2, '0');
  return {
    key: `amhp${index + 1}`,
    name: `${first} ${last}`,
    email: `${first.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, '')}@example.org`,
    jobTitle: index % 3 === 0 ? 'Mental health nurse (AMHP)' : index % 5 === 0 ? 'Occupational therapist (AMHP)' : 'Social worker (AMHP)',
    organisation: employers[index % employers.length] ?? 'ashdown',
    team: index % 6 === 0 ? 'edt' : 'daytime',
    roles: index % 6 === 0 ? ['amhp', 'edt_officer'] : ['amhp'],
    manager: index % 6 === 0 ? 'edtManager' : index % 2 === 0 ? 'linemanager' : 'manager',
    // One approval already lapsed, to show the rota refusing it.
    approvalExpiresOn: index === 25 ? '2026-10-31' : `${year}-${month}-28`,
  };
});

export const DEMO_PEOPLE: DemoPerson[] = [...named, ...rotaAmhps];

export const DEMO_SIGN_INS = [
  { email: 'admin@example.org', role: 'System administrator' },
  { email: 'lead@example.org', role: 'AMHP Lead (also an AMHP)' },
  { email: 'amhp@example.org', role: 'AMHP' },
  { email: 'edt-manager@example.org', role: 'EDT on-call manager' },
  { email: 'manager@example.org', role: 'AMHP operational manager' },
  { email: 'edt@example.org', role: 'EDT officer (also an AMHP)' },
  { email: 'support@example.org', role: 'Business support' },
  { email: 'lead-amhp@example.org', role: 'Lead AMHP (register owner)' },
  { email: 'linemanager@example.org', role: 'Line manager' },
  { email: 'director@example.org', role: 'Governance viewer (director)' },
  { email: 'doctor@example.org', role: 'Section 12 doctor' },
  { email: 'doctor2@example.org', role: 'Section 12 doctor (a second one)' },
  { email: 'claims@example.org', role: 'Claims officer (doctors’ claims)' },
];

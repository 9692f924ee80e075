import { definePaths } from '../../platform/http/paths.js';

/** The set-up checklist (`paths.setup.<name>` in templates). */
export const setupPaths = definePaths({
  checklist: '/admin/setup',
  profile: '/admin/setup/service',
  councils: '/admin/setup/councils',
  councilCode: '/admin/setup/councils/:id',
  mailTest: '/admin/setup/mail-test',
  exportPage: '/admin/setup/export',
  exportDownload: '/admin/setup/export/download',
  imports: '/admin/setup/imports',
  importStaff: '/admin/setup/imports/staff',
  importUpload: '/admin/setup/imports/upload/:kind',
  importView: '/admin/setup/imports/:id',
  importConfirm: '/admin/setup/imports/:id/confirm',
  importTemplate: '/admin/setup/imports/templates/:kind/:format',

  apiChecklist: '/api/v1/setup/checklist',
  apiProfile: '/api/v1/setup/service',
  apiCouncilCode: '/api/v1/setup/councils/:id',
  apiMailTest: '/api/v1/setup/mail-test',
  apiExport: '/api/v1/setup/export',
  apiImports: '/api/v1/setup/imports',
  apiImport: '/api/v1/setup/imports/:id',
  apiImportConfirm: '/api/v1/setup/imports/:id/confirm',
  apiImportTemplate: '/api/v1/setup/imports/templates/:kind/:format',
});

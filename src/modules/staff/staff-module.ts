import type { AppModule } from '../../platform/http/module.js';
import type { Services } from '../../services.js';
import { registerStaffRoutes } from './staff-routes.js';

export const staffModule: AppModule<Services> = {
  name: 'staff',
  routes: registerStaffRoutes,
};

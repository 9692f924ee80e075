import type { AppModule } from '../platform/http/module.js';
import type { Services } from '../services.js';
import { dutyModule } from './duty/duty-module.js';
import { staffModule } from './staff/staff-module.js';
import { referralsModule } from './referrals/referrals-module.js';
import { standardsModule } from './standards/standards-module.js';
import { registerModule } from './register/register-module.js';
import { safetyModule } from './safety/safety-module.js';

/** Modules, lower layers first (DESIGN.md); duty comes last so its demo day builds on the others' demo data. */
export const modules: Array<AppModule<Services>> = [staffModule, registerModule, referralsModule, standardsModule, safetyModule, dutyModule];

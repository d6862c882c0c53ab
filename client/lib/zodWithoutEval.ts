import { config } from 'zod/v4/core';

// The app runs under a CSP without 'unsafe-eval': zod's JIT probe (`new Function`) would be reported
// as a violation even though zod catches it. Validation works the same without the JIT.
config({ jitless: true });

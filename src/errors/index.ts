export { TenureError } from './tenure-error.js';

// Types of the validator scripts/generate-validator.mjs compiles from layerfile.schema.json.
import type { ValidateFunction } from 'ajv';

export declare const validate: ValidateFunction;
export default validate;

import type { ContractCase } from './suite';
export const compensationContract: ContractCase = () => {};

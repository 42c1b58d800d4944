/** The rows of the gold model (schema.sql), as the generator produces them. Dates are EpochDays. */
import type { EpochDay } from './dates.js';
import type { DeliveryMethod } from './profiles.js';

export interface DatasetInfoRow {
  tenant: string;
  as_of: EpochDay;
  generator_version: number;
  seed: number;
  users: number;
}

export interface OrganizationRow {
  org_id: string;
  org_name: string;
  parent_org_id: string | null;
  level: number;
  path: string;
}

export interface UserRow {
  user_id: string;
  full_name: string;
  email: string;
  org_id: string;
  manager_id: string | null;
  job_title: string;
  hire_date: EpochDay;
  is_active: boolean;
}

export interface CourseRow {
  course_id: string;
  course_name: string;
  category: string;
  is_mandatory: boolean;
  duration_minutes: number;
  delivery_method: DeliveryMethod;
}

export type ProgressStatus = 'completed' | 'in_progress' | 'not_started' | 'overdue';
export type CertificationStatus = 'active' | 'expired';

/** Stands for SQL NULL in the date columns of the fact batches. */
export const NO_DATE = -2147483648;

/** A slice of fact_course_progress, column by column; every column has `length` entries. */
export interface ProgressBatch {
  table: 'fact_course_progress';
  length: number;
  enrolment_id: Float64Array;
  user_id: string[];
  org_id: string[];
  course_id: string[];
  enrolled_date: Int32Array;
  enrolled_month: Int32Array;
  due_date: Int32Array;
  completed_date: Int32Array;
  completed_month: Int32Array;
  status: ProgressStatus[];
  progress_percent: Int32Array;
  time_spent_minutes: Int32Array;
}

/** A slice of fact_certifications, column by column; every column has `length` entries. */
export interface CertificationBatch {
  table: 'fact_certifications';
  length: number;
  certification_id: Float64Array;
  user_id: string[];
  org_id: string[];
  certification_name: string[];
  course_id: string[];
  issued_date: Int32Array;
  expires_date: Int32Array;
  status: CertificationStatus[];
}

export type FactBatch = ProgressBatch | CertificationBatch;

import { ValueTransformer } from 'typeorm';

/** mysql2 answers BIGINT/DECIMAL as strings; the domain uses safe integers. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

/** SQLite has no boolean: 0/1 on both databases. */
export const booleanNumber: ValueTransformer = {
  to: (value: boolean | null | undefined) => (value === null || value === undefined ? value : value ? 1 : 0),
  from: (value: number | boolean | null) => (value === null || value === undefined ? value : Boolean(Number(value))),
};

/** JSON arrays stored as text, portable across both databases. */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? value : JSON.stringify(value)),
  from: (value: string | null) => (value ? JSON.parse(value) : []),
};

/**
 * Dates as 'YYYY-MM-DD HH:MM:SS.mmm' UTC text in raw SQL: accepted by MySQL DATETIME(3) and sortable
 * text on SQLite, where TypeORM stores the same format.
 */
export function sqlDate(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Reads a DATETIME column from either driver (Date from mysql2, text from SQLite). */
export function fromSqlDate(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
}

export const utcDate: ValueTransformer = {
  to: (value: Date | null | undefined) => (value ? sqlDate(value) : value),
  from: (value: Date | string | null) => fromSqlDate(value),
};

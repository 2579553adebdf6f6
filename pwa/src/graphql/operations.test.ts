// @vitest-environment node
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Kind, buildSchema, parse, validate, type OperationDefinitionNode } from 'graphql';
import { ALL_OPERATIONS } from './operations';
import { CASE_OPERATIONS } from './case-operations';
import { RENOVATION_OPERATIONS } from './renovation-operations';
import { FIGURE_OPERATIONS } from './figure-operations';
import { PRACTICE_OPERATIONS } from './practice-operations';
import { PATROL_OPERATIONS } from './patrol-operations';
import { PARTNER_OPERATIONS } from './partner-operations';

// The committed SDL of the server (pwa/../api/schema.graphql). GONGZHI_SCHEMA overrides it for development.
const schemaPath = process.env['GONGZHI_SCHEMA'] ?? fileURLToPath(new URL('../../../api/schema.graphql', import.meta.url));

describe(`GraphQL operations against ${schemaPath}`, () => {
  const schema = buildSchema(readFileSync(schemaPath, 'utf8'));

  const operations = [...ALL_OPERATIONS, ...CASE_OPERATIONS, ...RENOVATION_OPERATIONS, ...FIGURE_OPERATIONS, ...PRACTICE_OPERATIONS, ...PATROL_OPERATIONS, ...PARTNER_OPERATIONS];

  it.each(operations.map((op) => [op.operationName, op] as const))('%s validates', (name, op) => {
    const document = parse(op.query);
    const errors = validate(schema, document).map((e) => e.message);
    expect(errors).toEqual([]);

    const operations = document.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    expect(operations.map((o) => o.name?.value)).toEqual([name]);
  });

  it('operation names are unique', () => {
    const names = operations.map((op) => op.operationName);
    expect(new Set(names).size).toBe(names.length);
  });
});

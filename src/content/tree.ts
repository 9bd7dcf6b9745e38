// A minimal view of parsed YAML that keeps line numbers: what the schemas validate.
// Both the yaml Document parser and the fast front-matter reader produce this shape.

export type ValueNode = ScalarNode | SeqNode | MapNode;

export interface ScalarNode {
  kind: 'scalar';
  /** As YAML's core schema resolved it: string, number, boolean or null. */
  value: unknown;
  /** 1-based line in the file. */
  line: number;
}

export interface SeqNode {
  kind: 'seq';
  items: ValueNode[];
  line: number;
}

export interface MapNode {
  kind: 'map';
  fields: FieldNode[];
  line: number;
}

export interface FieldNode {
  key: string;
  /** 1-based line of the key. */
  line: number;
  value: ValueNode;
}

/**
 * The `bq` answer of hybrid solvers (SAPI.md section 4.5): a dimod SampleSet serialization
 * (schema 3.x) with samples packed 32 per uint32 word, least significant bit first.
 */

/** A decoded hybrid answer, columns in `labels` order. */
export interface BqAnswer {
  readonly labels: readonly (string | number)[];
  readonly numRows: number;
  /** numRows x labels.length, 0/1 (BINARY) or -1/+1 (SPIN). */
  readonly samples: Int8Array;
  readonly energies: Float64Array;
  readonly numOccurrences: Float64Array;
  readonly info: Record<string, unknown>;
}

interface ArrayObject {
  type: "array";
  data: unknown;
  data_type: string;
  shape: number[];
  use_bytes?: boolean;
}

function flatNumbers(array: ArrayObject | undefined, what: string): number[] {
  if (!array || array.type !== "array" || array.use_bytes) {
    throw new Error(`answer ${what} is not a JSON array object`);
  }
  return (array.data as unknown[]).flat(8) as number[];
}

/** Decodes a `bq` answer (`answer.data` is the SampleSet serialization). */
export function decodeBqAnswer(answer: Record<string, unknown>): BqAnswer {
  if (answer.format !== "bq") throw new Error(`answer format is ${answer.format}, expected bq`);
  const data = answer.data as Record<string, unknown>;
  const schema = String((data.version as Record<string, unknown> | undefined)?.sampleset_schema);
  if (data.type !== "SampleSet" || !/^3\./.test(schema)) {
    throw new Error(`answer is not a SampleSet of schema 3.x (got ${schema})`);
  }
  const labels = data.variable_labels as (string | number)[];
  const n = labels.length;
  const rows = Number(data.num_rows);
  const sampleData = data.sample_data as ArrayObject;
  const words = flatNumbers(sampleData, "sample_data");
  const spin = data.variable_type === "SPIN";
  const samples = new Int8Array(rows * n);
  if (data.sample_packed === false) {
    words.forEach((v, i) => samples[i] = spin ? (v > 0 ? 1 : -1) : v);
  } else {
    const perRow = Math.ceil(n / 32);
    for (let r = 0; r < rows; r++) {
      for (let v = 0; v < n; v++) {
        const bit = (words[r * perRow + (v >> 5)] >>> (v & 31)) & 1;
        samples[r * n + v] = spin ? (bit ? 1 : -1) : bit;
      }
    }
  }
  const vectors = data.vectors as Record<string, ArrayObject>;
  return {
    labels,
    numRows: rows,
    samples,
    energies: Float64Array.from(flatNumbers(vectors.energy, "energy")),
    numOccurrences: vectors.num_occurrences
      ? Float64Array.from(flatNumbers(vectors.num_occurrences, "num_occurrences"))
      : new Float64Array(rows).fill(1),
    info: (data.info ?? {}) as Record<string, unknown>,
  };
}

/** Serialises 0/1 samples as a `bq` answer (the mock's side). */
export function encodeBqAnswer(
  samples: ArrayLike<number>,
  rows: number,
  n: number,
  energies: ArrayLike<number>,
  info: Record<string, unknown>,
): Record<string, unknown> {
  const perRow = Math.ceil(n / 32);
  const words: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row = new Array<number>(perRow).fill(0);
    for (let v = 0; v < n; v++) {
      if (samples[r * n + v] > 0) row[v >> 5] = (row[v >> 5] | (1 << (v & 31))) >>> 0;
    }
    words.push(row);
  }
  const array = (data: unknown, dataType: string, shape: number[]) => ({
    type: "array",
    data,
    data_type: dataType,
    shape,
    use_bytes: false,
  });
  return {
    format: "bq",
    data: {
      type: "SampleSet",
      version: { sampleset_schema: "3.2.0" },
      num_variables: n,
      num_rows: rows,
      sample_data: array(words, "uint32", [rows, perRow]),
      sample_type: "int8",
      sample_packed: true,
      vectors: {
        energy: array(Array.from(energies), "float64", [rows]),
        num_occurrences: array(new Array(rows).fill(1), "int64", [rows]),
      },
      variable_labels: Array.from({ length: n }, (_, i) => i),
      variable_type: "BINARY",
      info,
    },
  };
}

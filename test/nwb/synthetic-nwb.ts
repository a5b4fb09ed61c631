/**
 * Writes small NWB-like HDF5 files with h5wasm for tests of the reader's error handling:
 * each file has exactly the groups and datasets a test describes.
 */
import h5wasm from 'h5wasm/node';

/** A dataset to write: typed arrays keep their type, string arrays become vlen strings. */
export type DatasetSpec = Float64Array | Int32Array | string[] | string;

export interface FileSpec {
  /** Attributes of the root group, such as `nwb_version`. */
  rootAttributes?: Record<string, string | string[] | number>;
  /** Groups by path, each with attributes. */
  groups?: Record<string, Record<string, string | string[]>>;
  /** Datasets by path. */
  datasets?: Record<string, DatasetSpec>;
}

/** Writes `spec` to a new HDF5 file at `path`. */
export async function writeSyntheticFile(path: string, spec: FileSpec): Promise<void> {
  const module = await h5wasm.ready;
  module.activate_throwing_error_handler();
  const file = new h5wasm.File(path, 'w');
  try {
    for (const [name, value] of Object.entries(spec.rootAttributes ?? {})) {
      file.create_attribute(name, value);
    }
    for (const [groupPath, attributes] of Object.entries(spec.groups ?? {})) {
      const group = file.create_group(groupPath);
      for (const [name, value] of Object.entries(attributes)) group.create_attribute(name, value);
    }
    for (const [datasetPath, data] of Object.entries(spec.datasets ?? {})) {
      file.create_dataset({ name: datasetPath, data });
    }
  } finally {
    file.close();
  }
}

/** Returns a minimal NWB 2.x file: root attributes and the required session datasets. */
export function nwb2Base(): Required<FileSpec> {
  return {
    rootAttributes: { nwb_version: '2.7.0', neurodata_type: 'NWBFile', namespace: 'core' },
    groups: {},
    datasets: {
      identifier: 'synthetic',
      session_description: 'written by the rnnlab tests',
      session_start_time: '2024-01-01T00:00:00+00:00',
    },
  };
}

// The name a file is written under before it is renamed into place (atomic on POSIX):
// beside its final path, so the rename stays on one filesystem; unique to this
// process (the random part tells apart processes that share a pid, as containers
// sharing one cache do) and to this write (the counter). Not node:crypto for the
// random part: the command's entry writes stamps, and loading it costs its start.

const writer = `${process.pid}.${Math.random().toString(36).slice(2, 10)}`;
let writes = 0;

export function temporaryFor(path: string): string {
  return `${path}.${writer}.${writes++}.tmp`;
}

/** A table's header row: one column header cell per name (scope="col", so screen readers name each cell's column). */
export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          <th key={`${i}-${c}`} scope="col">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}

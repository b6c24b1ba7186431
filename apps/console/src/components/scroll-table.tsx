import type { ComponentChildren } from 'preact';

/** A table with a header row that scrolls sideways inside its box instead of widening the page. */
export function ScrollTable({ id, headers, children }: { id?: string; headers: string[]; children: ComponentChildren }) {
  return (
    <div class="table-scroll">
      <table id={id}>
        <thead>
          <tr>
            {headers.map((header) => (
              <th scope="col" key={header}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

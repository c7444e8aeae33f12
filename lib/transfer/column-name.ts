/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA (the import's messages, the XLSX export's cell references). */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

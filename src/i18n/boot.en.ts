/** The first start's progress (English). Merged into en.ts as `boot`. */
export const bootEn = {
  first: 'First start: preparing the demo branch on this tablet; later starts are quick.',
  generate: 'Generating the demo branch…',
  staff: 'Setting up the staff accounts…',
  load: 'Writing to this tablet\'s database: {{done}} / {{total}} records',
  progress: 'Progress',
};

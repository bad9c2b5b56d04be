/** A table's empty state, readable (antd draws it in the disabled grey, below AA contrast). */
export const emptyText = (text: string) => (
  <span style={{ color: 'rgba(0, 0, 0, 0.62)' }}>{text}</span>
);

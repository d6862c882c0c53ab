/** The export messages that participants' screens show too: they load with the workshop view (the rest of export/ loads with the staff panel, see shared/i18n/messages.ts). */
export const enExportEveryone = {
  'export.section.heading': 'Export',
} as const;

import { Topics } from '@swx/contracts';

/** Topics the export flow consumes and produces, for the customs service definition. */
export const EXPORT_CONSUMED_TOPICS = [
  Topics.ExportOrderAccepted.name,
  Topics.ExportReceiptAccepted.name,
  Topics.ExportWaybillAccepted.name,
  Topics.ExportInventoryAccepted.name,
  Topics.ExportArrivalAccepted.name,
  Topics.ExportDepartureAccepted.name,
  Topics.ExportSummaryRequestAccepted.name,
  Topics.ExportInventoryCancelAccepted.name,
  Topics.ExportRefundAccepted.name,
  Topics.ExportRefundTallyAccepted.name,
  Topics.ExportMasterBillAccepted.name,
];

export const EXPORT_PRODUCED_TOPICS = [
  Topics.MatchResultDecided.name,
  Topics.ClearanceStatusChanged.name,
  Topics.ExportSummaryDecided.name,
];

export { type FakeOpenWebUi, type FakeOpenWebUiData, type FakeOpenWebUiOptions, startFakeOpenWebUi } from "./fake-openwebui";
export { type SinkMessage, type SmtpSink, type SmtpSinkOptions, startSmtpSink } from "./smtp-sink";
export { readWorkbook } from "./workbook";

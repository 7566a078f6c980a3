export { techdocsReaderModule } from './techdocsReaderModule';

/** ESC/POS: streaming decoder, receipt model, PNG rendering, one-shot decode. */
export * from './receipt';
export * from './codepages';
export * from './decoder';
export * from './decode';
export * from './render-png';

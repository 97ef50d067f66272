export * from './Tokenizer';

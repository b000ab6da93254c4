// `node --import <this file> script.ts`: runs engine TypeScript sources in a child process (see ts-loader.mjs).
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);

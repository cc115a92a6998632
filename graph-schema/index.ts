export * from './manifest.js';
export * from './api.js';
export * from './duration.js';
export * from './playbook.js';
export * from './rules.js';
export * from './otlp.js';
export * from './bodies.js';

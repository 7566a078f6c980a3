export interface Config {
  techdocs?: {
    /**
     * Which program builds TechDocs sites by default: 'markdown' (the TypeScript generator of
     * @internal/plugin-techdocs-backend-module-markdown, the default) or 'mkdocs' (the stock
     * generator, configured by techdocs.generator). An entity overrides it with the annotation
     * backstage.io/techdocs-engine.
     */
    engine?: 'markdown' | 'mkdocs';
  };
}

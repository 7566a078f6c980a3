import { readdirSync, realpathSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '../config/readMkdocsConfig';
import type { BuildLog } from './BuildLog';

/** A file of the docs folder: its path as MkDocs names it (`sub/page.md`) and where to read it. */
export interface DocsFile {
  srcPath: string;
  absolutePath: string;
}

const MAX_FILES = 20000;

/**
 * The docs folder of a repository, seen through the only door the generator uses to read it.
 * Every path is resolved to its real location and refused when it leads outside the folder:
 * `..`, absolute paths and symlinks pointing elsewhere all end here.
 */
export class DocsFolder {
  private constructor(readonly root: string, private readonly log: BuildLog) {}

  /** Opens `docsDir` (relative to `inputDir`); refuses one that lies or links outside `inputDir`. */
  static async open(
    inputDir: string,
    docsDir: string,
    log: BuildLog,
  ): Promise<DocsFolder> {
    const realInputDir = await fs.realpath(inputDir);
    if (path.isAbsolute(docsDir)) {
      throw new Error(
        `docs_dir '${docsDir}' is an absolute path; write it relative to mkdocs.yml, e.g. 'docs'.`,
      );
    }
    const wanted = path.resolve(realInputDir, docsDir);
    if (!isInside(realInputDir, wanted)) {
      throw new Error(
        `docs_dir '${docsDir}' points outside the repository folder; write it relative to mkdocs.yml, e.g. 'docs'.`,
      );
    }
    const real = await fs.realpath(wanted).catch(() => undefined);
    if (!real) {
      throw new Error(
        `The docs folder '${docsDir}' does not exist. Create it with an index.md, or set docs_dir in mkdocs.yml.`,
      );
    }
    if (!isInside(realInputDir, real)) {
      throw new Error(
        `docs_dir '${docsDir}' is a link to a folder outside the repository; it was refused.`,
      );
    }
    return new DocsFolder(real, log);
  }

  /**
   * Every file of the folder, dot files excluded, links followed only while they stay inside.
   * One walk with direct file system calls: cheaper than the thread pool for many small folders.
   */
  async listFiles(): Promise<DocsFile[]> {
    const files: DocsFile[] = [];
    const visitedDirs = new Set<string>([this.root]);
    const walk = (dir: string, prefix: string) => {
      const entries = readdirSync(dir, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (entry.name.startsWith('.') || files.length >= MAX_FILES) {
          continue;
        }
        const srcPath = prefix ? `${prefix}/${entry.name}` : entry.name;
        let absolutePath = path.join(dir, entry.name);
        let isDirectory = entry.isDirectory();
        if (entry.isSymbolicLink()) {
          let target: string | undefined;
          try {
            target = realpathSync.native(absolutePath);
          } catch {
            target = undefined;
          }
          if (!target || !isInside(this.root, target)) {
            this.log.warn(
              `${srcPath} is a symbolic link to a place outside the docs folder; it was skipped.`,
            );
            continue;
          }
          absolutePath = target;
          isDirectory = statSync(target).isDirectory();
        }
        if (isDirectory) {
          if (visitedDirs.has(absolutePath)) {
            continue;
          }
          visitedDirs.add(absolutePath);
          walk(absolutePath, srcPath);
        } else if (entry.isFile() || entry.isSymbolicLink()) {
          files.push({ srcPath, absolutePath });
        }
      }
    };
    walk(this.root, '');
    if (files.length >= MAX_FILES) {
      this.log.warn(
        `The docs folder has more than ${MAX_FILES} files; only the first ${MAX_FILES} were built.`,
      );
    }
    return files;
  }

  /**
   * Reads a file named relative to the docs folder, for includes. Returns undefined, with a
   * warning, when the name leaves the folder or the file does not exist.
   */
  async readInside(
    srcPath: string,
    usedBy: string,
  ): Promise<string | undefined> {
    if (path.isAbsolute(srcPath) || /^[a-zA-Z]:[\\/]/.test(srcPath)) {
      this.log.warn(
        `${usedBy}: the include '${srcPath}' is an absolute path; only files inside the docs folder can be included.`,
      );
      return undefined;
    }
    const wanted = path.resolve(this.root, srcPath);
    const real = isInside(this.root, wanted)
      ? await fs.realpath(wanted).catch(() => undefined)
      : undefined;
    if (!isInside(this.root, wanted) || (real && !isInside(this.root, real))) {
      this.log.warn(
        `${usedBy}: the include '${srcPath}' leads outside the docs folder; it was left out.`,
      );
      return undefined;
    }
    if (!real) {
      this.log.warn(`${usedBy}: the include '${srcPath}' does not exist.`);
      return undefined;
    }
    return fs.readFile(real, 'utf8');
  }
}

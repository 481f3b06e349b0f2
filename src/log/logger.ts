import { join } from 'node:path';
import pino, { type Level, type Logger, type StreamEntry } from 'pino';
import pretty from 'pino-pretty';
import { maskSecrets } from '../config/secrets.js';
import { PLATFORM_LOG_FILE, type Platform } from '../domain/glossary.js';
import { RotatingFile } from './rotating-file.js';

export type { Logger } from 'pino';

export interface LogOptions {
  /** Folder of the per-platform log files. */
  logDir: string;
  level: Level | 'silent';
  /** Values masked in every line, wherever they appear. */
  secrets: readonly string[];
  /** Readable lines on the console (a terminal); JSON lines otherwise. Default: whether stderr is a TTY. */
  pretty?: boolean;
}

/**
 * The loggers of one process: `main` writes to the console (stderr, so stdout stays free for command
 * output); `platform(p)` also writes JSON lines to the platform's file (`ado_export.log` /
 * `jira_export.log`), rotated aside at first use and every 10 MB.
 */
export class Logs {
  readonly main: Logger;
  private readonly files = new Map<Platform, { logger: Logger; file: RotatingFile }>();
  private readonly console: StreamEntry;

  constructor(private readonly options: LogOptions) {
    const usePretty = options.pretty ?? process.stderr.isTTY === true;
    const stream = usePretty
      ? pretty({
          colorize: true,
          destination: 2,
          sync: true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname',
        })
      : pino.destination({ dest: 2, sync: true });
    this.console = { level: options.level === 'silent' ? 'fatal' : options.level, stream };
    this.main = this.make([this.console]);
  }

  private make(streams: StreamEntry[]): Logger {
    const secrets = this.options.secrets;
    return pino(
      {
        level: this.options.level,
        base: undefined,
        timestamp: pino.stdTimeFunctions.isoTime,
        hooks: { streamWrite: (line) => maskSecrets(line, secrets) },
      },
      pino.multistream(streams),
    );
  }

  /** The logger of a platform; opens (and rotates) its file on first use. */
  platform(platform: Platform): Logger {
    const existing = this.files.get(platform);
    if (existing) return existing.logger;
    const file = new RotatingFile(join(this.options.logDir, PLATFORM_LOG_FILE[platform]));
    const level = this.options.level === 'silent' ? 'fatal' : this.options.level;
    const logger = this.make([this.console, { level, stream: file }]).child({ platform });
    this.files.set(platform, { logger, file });
    return logger;
  }

  close(): void {
    for (const { file } of this.files.values()) file.close();
    this.files.clear();
  }
}

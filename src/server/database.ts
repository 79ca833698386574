/**
 * The team server's database: an embedded PostgreSQL (PGlite, files in the data folder) by
 * default, or a PostgreSQL server (`postgres://…`). Both speak the same SQL, run the same
 * migrations (`migrations.ts`) and are used through this one small interface, so every query
 * of the server is written once.
 */
import { mkdirSync } from 'node:fs';
import pg from 'pg';

export type Row = Record<string, unknown>;

export interface Queryable {
	/** Runs one statement with `$1…` parameters; JSON values are passed as their text. */
	query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
	/** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
	transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
	/** Several statements without parameters (migrations). */
	exec(sql: string): Promise<void>;
	close(): Promise<void>;
	/** What it is, for the start-up line: "embedded PostgreSQL in ./parcours-data" or the server. */
	readonly description: string;
}

/** bigint (int8) as a JavaScript number: sequence numbers here stay far below 2^53. */
const pgTypes = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser
};

/** A PostgreSQL server, through a pool of connections. */
export async function openPostgres(url: string): Promise<Database> {
	const pool = new pg.Pool({ connectionString: url, types: pgTypes, max: 10 });
	// Fail at start-up with the server's reason rather than at the first request.
	await pool.query('select 1');
	const where = new URL(url);
	return {
		description: `PostgreSQL at ${where.host || where.searchParams.get('host') || 'localhost'}${where.pathname}`,
		async query<T extends Row>(sql: string, params: unknown[] = []) {
			return (await pool.query<T>(sql, params)).rows;
		},
		async exec(sql) {
			await pool.query(sql);
		},
		async transaction(work) {
			const client = await pool.connect();
			try {
				await client.query('begin');
				const tx: Queryable = {
					query: async <T extends Row>(sql: string, params: unknown[] = []) =>
						(await client.query<T>(sql, params)).rows
				};
				const result = await work(tx);
				await client.query('commit');
				return result;
			} catch (error) {
				await client.query('rollback').catch(() => undefined);
				throw error;
			} finally {
				client.release();
			}
		},
		close: () => pool.end()
	};
}

/**
 * An embedded PostgreSQL in `dir` (created when missing), or in memory when `dir` is null.
 * One connection: its transactions run one after another, which is what the server needs.
 */
export async function openEmbedded(dir: string | null): Promise<Database> {
	const { PGlite } = await import('@electric-sql/pglite');
	if (dir) mkdirSync(dir, { recursive: true });
	// Every statement reaches the files before it answers (no relaxed durability): an acknowledged
	// change survives the process being killed.
	const db = new PGlite(dir ?? 'memory://', {
		relaxedDurability: false,
		parsers: { 20: (value: string) => Number(value) }
	});
	await db.waitReady;
	return {
		description: dir ? `embedded PostgreSQL in ${dir}` : 'embedded PostgreSQL in memory',
		async query<T extends Row>(sql: string, params: unknown[] = []) {
			return (await db.query<T>(sql, params)).rows;
		},
		async exec(sql) {
			await db.exec(sql);
		},
		transaction: (work) =>
			db.transaction((tx) =>
				work({
					query: async <T extends Row>(sql: string, params: unknown[] = []) =>
						(await tx.query<T>(sql, params)).rows
				})
			),
		close: () => db.close()
	};
}

/** `--database URL` when given, else the embedded database in the data folder. */
export function openDatabase(options: { database?: string; data: string | null }): Promise<Database> {
	return options.database ? openPostgres(options.database) : openEmbedded(options.data);
}

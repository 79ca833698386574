/** Entry point of the built command line (dist/cli/parcours.js). */
import { fileErrorReason } from './files';
import { main } from './main';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	// A closed pipe (`parcours analyze … | head`) is the reader saying it has enough: no error,
	// no stack trace.
	if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
	// Anything else (a full disk, a file that cannot be written) loses output: a failure.
	process.stderr.write(`parcours: cannot write the output: ${fileErrorReason(error)}.\n`);
	process.exit(1);
});

const code = await main(process.argv.slice(2), {
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text)
});
process.exitCode = code;

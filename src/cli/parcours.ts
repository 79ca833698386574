/** Entry point of the built command line (dist/cli/parcours.js). */
import { main } from './main';

// A closed pipe (`parcours analyze … | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') process.exit(0);
});

const code = await main(process.argv.slice(2), {
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text)
});
process.exitCode = code;

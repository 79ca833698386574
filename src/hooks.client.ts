import type { HandleClientError } from '@sveltejs/kit';

/**
 * An unknown address is an expected outcome shown by the error page, not a failure to log;
 * every other error is still logged for whoever investigates it.
 */
export const handleError: HandleClientError = ({ error, status, message }) => {
	if (status !== 404) console.error(error);
	return { message };
};

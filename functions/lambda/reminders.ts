/**
 * Lambda entry for the scheduled job (EventBridge, every 5 minutes): due reminder emails, and
 * settling bookings a crash left half-written. Reads only the app secret (the signing key for the
 * links in reminders), not LiveKit's.
 */
import { awsDeps } from '../platform/aws';
import { runScheduledJob } from '../reminders/job';

export const handler = async () => {
  const result = await runScheduledJob(await awsDeps());
  console.log(JSON.stringify({ msg: 'scheduled_job', ...result }));
  return result;
};

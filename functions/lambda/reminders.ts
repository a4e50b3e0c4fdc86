/**
 * Lambda entry for the scheduled job (EventBridge, every 5 minutes): due reminder emails, and
 * settling bookings a crash left half-written.
 */
import { awsDeps, noLiveKit } from '../platform/aws';
import { runScheduledJob } from '../reminders/job';

export const handler = async () => {
  const result = await runScheduledJob(await awsDeps(noLiveKit));
  console.log(JSON.stringify({ msg: 'scheduled_job', ...result }));
  return result;
};

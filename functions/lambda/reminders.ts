/** Lambda entry for the reminder job, run by an EventBridge schedule every 5 minutes. */
import { awsReminderJob } from '../platform/aws';

export const handler = async () => {
  const job = await awsReminderJob();
  const result = await job();
  console.log(JSON.stringify({ msg: 'reminders', ...result }));
  return result;
};

// Tests that talk to the broker with kafkajs directly get the same fix as the services (libs/messaging): without
// it, kafkajs arms a negative timer whenever nothing is pending, which Node 24+ reports on every run.
import { fixKafkajsIdleLoop } from '../libs/messaging/src/kafkajs-idle-fix';

fixKafkajsIdleLoop();

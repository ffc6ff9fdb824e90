/** The customs → ISO currency table is a contract of the platform (libs/contracts), shared with statistics. */
export { CEB_TO_ISO, ISO_CURRENCIES, isoOf } from '@swx/contracts';

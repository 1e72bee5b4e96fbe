package se.smartcitysweden.booking.localaws;

import java.util.Map;

/**
 * One local AWS per test JVM: a {@code moto_server} on a free port with the template's
 * resources in it. Tests call {@link #reset()} to start from empty resources.
 */
public final class LocalAws {
    public static final String STACK_NAME = "visit-booking-test";
    private static LocalAws shared;
    private static LocalAws asInstalled;

    private final MotoServer moto;
    private final LocalAwsClients clients;
    private final CloudFormationTemplate template;

    private LocalAws(MotoServer moto) {
        this.moto = moto;
        this.clients = new LocalAwsClients(moto.endpoint());
        this.template = CloudFormationTemplate.load(CloudFormationTemplate.locate(), STACK_NAME,
                LocalAwsClients.REGION.id(), moto.endpoint().toString(), Map.of());
    }

    public static synchronized LocalAws shared() {
        if (shared == null) shared = started(MotoServer.start());
        return shared;
    }

    /**
     * The same with {@code moto_server} as installed ({@link MotoServer#startAsInstalled()}): for the tests of
     * what the local stack does about moto's own races.
     */
    public static synchronized LocalAws sharedAsInstalled() {
        if (asInstalled == null) asInstalled = started(MotoServer.startAsInstalled());
        return asInstalled;
    }

    private static LocalAws started(MotoServer moto) {
        LocalAws aws = new LocalAws(moto);
        Runtime.getRuntime().addShutdownHook(new Thread(moto::close));
        aws.reset();
        return aws;
    }

    /**
     * Empties the emulator and creates the template's resources again, and each function's role
     * (on its first use), with moto's IAM checks on (every call is checked against its caller's policies; see
     * {@link LocalIam}). {@code LOCAL_IAM=off} in the environment leaves the checks off.
     */
    public void reset() {
        moto.reset();
        if (LocalIam.wanted(System.getenv())) {
            // Each function's role is made when a test first acts as that function (most act as one or two).
            LocalIam.enforce(template, moto.endpoint(), () -> new LocalResources(template, clients).createAll(), true);
        } else {
            new LocalResources(template, clients).createAll();
        }
    }

    /** The local stack's administrator: fixtures, reading what the functions wrote. */
    public LocalAwsClients clients() { return clients; }

    /** Clients acting as the template's function {@code logicalId}, with only its role's permissions. */
    public LocalAwsClients clientsOf(String logicalId) {
        template.resource(logicalId);
        return LocalAwsClients.ofFunction(moto.endpoint(), logicalId);
    }

    /** The credentials of the function {@code logicalId}, for a production client builder pointed at moto. */
    public software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentialsOf(String logicalId) {
        return clientsOf(logicalId).credentials();
    }

    public CloudFormationTemplate template() { return template; }

    public MotoServer moto() { return moto; }

    public String physicalName(String logicalId) { return template.physicalName(logicalId); }
}

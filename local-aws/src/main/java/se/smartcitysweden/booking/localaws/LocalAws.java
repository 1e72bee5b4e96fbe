package se.smartcitysweden.booking.localaws;

import java.util.Map;

/**
 * One local AWS per test JVM: a {@code moto_server} on a free port with the template's
 * resources in it. Tests call {@link #reset()} to start from empty resources.
 */
public final class LocalAws {
    public static final String STACK_NAME = "visit-booking-test";
    private static LocalAws shared;

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
        if (shared == null) {
            shared = new LocalAws(MotoServer.start());
            Runtime.getRuntime().addShutdownHook(new Thread(shared.moto::close));
            shared.reset();
        }
        return shared;
    }

    /** Empties the emulator and creates the template's resources again. */
    public void reset() {
        moto.reset();
        new LocalResources(template, clients).createAll();
    }

    public LocalAwsClients clients() { return clients; }

    public CloudFormationTemplate template() { return template; }

    public MotoServer moto() { return moto; }

    public String physicalName(String logicalId) { return template.physicalName(logicalId); }
}

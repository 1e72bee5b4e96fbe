package se.smartcitysweden.booking.workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.VisitPlan;

/** What a new visit plan changes of the one in place: the history's line, with what each changed part was. */
public final class PlanChanges {
    private PlanChanges() { }

    public static HistoryEvent.PlanChanged between(VisitPlan before, VisitPlan after) {
        List<String> changed = HistoryEvent.PlanChanged.PARTS.stream().filter(p -> !before.part(p).equals(after.part(p))).toList();
        Map<String, String> was = new LinkedHashMap<>();
        changed.forEach(p -> was.put(p, before.part(p)));
        return new HistoryEvent.PlanChanged(changed, was);
    }
}

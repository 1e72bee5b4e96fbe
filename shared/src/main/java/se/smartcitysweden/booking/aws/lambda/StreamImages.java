package se.smartcitysweden.booking.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;

/** Turns a stream image (the events library's attribute values) into the SDK's, to reuse the table mapping. */
public final class StreamImages {
    private StreamImages() { }

    public static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(Map<String, AttributeValue> image) {
        if (image == null) throw new IllegalArgumentException("no image");
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = new HashMap<>();
        image.forEach((name, value) -> item.put(name, toSdk(value)));
        return item;
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue toSdk(AttributeValue value) {
        var sdk = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        if (value.getS() != null) return sdk.s(value.getS()).build();
        if (value.getN() != null) return sdk.n(value.getN()).build();
        if (value.getBOOL() != null) return sdk.bool(value.getBOOL()).build();
        if (value.getNULL() != null) return sdk.nul(value.getNULL()).build();
        if (value.getB() != null) return sdk.b(SdkBytes.fromByteBuffer(value.getB())).build();
        if (value.getSS() != null) return sdk.ss(value.getSS()).build();
        if (value.getNS() != null) return sdk.ns(value.getNS()).build();
        if (value.getM() != null) return sdk.m(toSdk(value.getM())).build();
        if (value.getL() != null) {
            List<software.amazon.awssdk.services.dynamodb.model.AttributeValue> list =
                    value.getL().stream().map(StreamImages::toSdk).toList();
            return sdk.l(list).build();
        }
        throw new IllegalArgumentException("unsupported attribute value");
    }
}

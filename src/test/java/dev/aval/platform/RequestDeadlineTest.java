package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Which requests the deadline spares: every upload the API accepts, never a JSON call or any other type. */
class RequestDeadlineTest {

    @Test
    void everyNonJsonMediaTypeAnEndpointConsumesIsExempt() throws Exception {
        List<String> consumed = new ArrayList<>();
        for (var javaClass : new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.aval")) {
            Class<?> type = Class.forName(javaClass.getName(), false, getClass().getClassLoader());
            for (Method method : type.getDeclaredMethods()) {
                Consumes consumes = method.getAnnotation(Consumes.class);
                if (consumes != null) {
                    for (String media : consumes.value()) {
                        // */* is a POST without a body (a setup link): bounded as JSON like any other
                        if (!media.equals(MediaType.APPLICATION_JSON)
                                && !media.equals(MediaType.APPLICATION_FORM_URLENCODED)
                                && !media.equals(MediaType.WILDCARD)) {
                            consumed.add(media);
                            assertTrue(
                                    RequestDeadline.isUpload(media),
                                    type.getSimpleName() + "." + method.getName() + " consumes " + media);
                            assertTrue(RequestDeadline.isUpload(media + "; charset=UTF-8"), media);
                        }
                    }
                }
            }
        }
        // the import endpoint's types are among them (else this test looks at nothing)
        assertTrue(
                consumed.containsAll(List.of(
                        "text/csv",
                        "application/csv",
                        "text/plain",
                        "application/vnd.ms-excel",
                        MediaType.APPLICATION_OCTET_STREAM,
                        MediaType.MULTIPART_FORM_DATA)),
                consumed.toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "text/csv",
                "TEXT/CSV;charset=windows-1252",
                "multipart/form-data; boundary=x",
                "application/octet-stream",
                "application/vnd.ms-excel",
                "text/plain"
            })
    void uploadsAreExempt(String type) {
        assertTrue(RequestDeadline.isUpload(type), type);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/json",
                "Application/JSON; charset=utf-8",
                "application/merge-patch+json",
                " ",
                // types a JSON endpoint may still take as compatible: bounded as JSON, never streamed
                "application/*",
                "*/*",
                "text/*",
                "application/x-unknown"
            })
    void jsonAndEverythingElseKeepTheirDeadline(String type) {
        assertFalse(RequestDeadline.isUpload(type), type);
        assertFalse(RequestDeadline.isUpload(null));
    }
}

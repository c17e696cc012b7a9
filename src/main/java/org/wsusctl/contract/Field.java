package org.wsusctl.contract;

import java.util.List;
import java.util.Objects;

/**
 * One named, typed fact of a section (or of the objects in a list fact). Modules read facts only through these
 * constants, so the name and type a module reads is the one declared here.
 *
 * @param <T> the Java type {@link Facts#get} returns: String, Long, Double, Boolean, {@code List<String>} or
 *            {@code List<Facts>}
 * @param items the shape of each object, for {@link FactType#OBJECT_LIST}; otherwise null
 */
public record Field<T>(String name, FactType type, boolean nullable, Shape items) {

    public Field {
        Objects.requireNonNull(name);
        if ((type == FactType.OBJECT_LIST) != (items != null)) {
            throw new IllegalArgumentException(name + ": item shape is for object lists only");
        }
    }

    public static Field<String> string(String name) {
        return new Field<>(name, FactType.STRING, false, null);
    }

    public static Field<String> nullableString(String name) {
        return new Field<>(name, FactType.STRING, true, null);
    }

    public static Field<Long> integer(String name) {
        return new Field<>(name, FactType.INT, false, null);
    }

    public static Field<Long> nullableInteger(String name) {
        return new Field<>(name, FactType.INT, true, null);
    }

    public static Field<Double> nullableNumber(String name) {
        return new Field<>(name, FactType.DOUBLE, true, null);
    }

    public static Field<Boolean> bool(String name) {
        return new Field<>(name, FactType.BOOL, false, null);
    }

    public static Field<Boolean> nullableBool(String name) {
        return new Field<>(name, FactType.BOOL, true, null);
    }

    public static Field<List<String>> strings(String name) {
        return new Field<>(name, FactType.STRING_LIST, false, null);
    }

    public static Field<List<Facts>> objects(String name, Shape items) {
        return new Field<>(name, FactType.OBJECT_LIST, false, items);
    }

    @Override
    public String toString() {
        return name + ":" + type.powerShell() + (nullable ? "?" : "");
    }
}

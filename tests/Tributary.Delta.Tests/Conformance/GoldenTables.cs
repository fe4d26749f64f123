namespace Tributary.Delta.Tests.Conformance;

/// <summary>The expected log-level state of every readable table in golden/INDEX.md and dat/INDEX.md.</summary>
public static class GoldenTables
{
    private static readonly string[] NoPartitions = [];

    public static readonly IReadOnlyList<LogExpectation> Readable =
    [
        new("golden/124-decimal-decode-bug", 0, 2, ["large_decimal"], NoPartitions),
        new("golden/125-iterator-bug", 11, 12, ["col1"], NoPartitions),
        new("golden/basic-decimal-table", 0, 4, ["part", "col1", "col2", "col3"], ["part"]),
        new("golden/basic-decimal-table-legacy", 0, 4, ["part", "col1", "col2", "col3"], ["part"]),
        new("golden/basic-with-inserts-deletes-checkpoint", 13, 7, ["id"], NoPartitions),
        new("golden/basic-with-inserts-merge", 1, 1, ["id", "str"], NoPartitions),
        new("golden/basic-with-inserts-overwrite-restore", 3, 4, ["id"], NoPartitions),
        new("golden/basic-with-inserts-updates", 1, 2, ["id", "str"], NoPartitions),
        new("golden/basic-with-vacuum-protocol-check-feature", 1, 2, ["id", "str"], NoPartitions, "3/7"),
        new("golden/canonicalized-paths-normal-a", 1, 0, null, NoPartitions),
        new("golden/canonicalized-paths-normal-b", 1, 0, null, NoPartitions),
        new("golden/canonicalized-paths-special-a", 1, 0, null, NoPartitions),
        new("golden/canonicalized-paths-special-b", 1, 0, null, NoPartitions),
        new("golden/checkpoint", 14, 1, ["intCol"], NoPartitions),
        new("golden/commit-info-containing-arbitrary-operationParams-types", 2, 2, ["id", "month"], ["month"], "1/7"),
        new("golden/corrupted-last-checkpoint", 10, 11, null, NoPartitions),
        new("golden/corrupted-last-checkpoint-kernel", 11, 2, ["id"], NoPartitions),
        new("golden/data-reader-array-complex-objects", 0, 2, ["i", "3d_int_list", "4d_int_list", "list_of_maps", "list_of_records"], NoPartitions),
        new("golden/data-reader-array-primitives", 0, 2, ["as_array_int", "as_array_long", "as_array_byte", "as_array_short", "as_array_boolean", "as_array_float", "as_array_double", "as_array_string", "as_array_binary", "as_array_big_decimal"], NoPartitions),
        new("golden/data-reader-date-types-America/Los_Angeles", 0, 2, ["timestamp", "date"], NoPartitions),
        new("golden/data-reader-date-types-Asia/Beirut", 0, 2, ["timestamp", "date"], NoPartitions),
        new("golden/data-reader-date-types-Etc/GMT+9", 0, 2, ["timestamp", "date"], NoPartitions),
        new("golden/data-reader-date-types-Iceland", 0, 2, ["timestamp", "date"], NoPartitions),
        new("golden/data-reader-date-types-JST", 0, 2, ["timestamp", "date"], NoPartitions),
        new("golden/data-reader-date-types-PST", 0, 2, ["timestamp", "date"], NoPartitions),
        new("golden/data-reader-date-types-UTC", 0, 2, ["timestamp", "date"], NoPartitions),
        new("golden/data-reader-escaped-chars", 2, 3, ["_1", "_2"], ["_2"]),
        new("golden/data-reader-map", 0, 2, ["i", "a", "b", "c", "d", "e", "f"], NoPartitions),
        new("golden/data-reader-nested-struct", 0, 2, ["a", "b"], NoPartitions),
        new("golden/data-reader-nullable-field-invalid-schema-key", 0, 2, ["array_can_contain_null"], NoPartitions),
        new("golden/data-reader-partition-values", 0, 3, ["as_int", "as_long", "as_byte", "as_short", "as_boolean", "as_float", "as_double", "as_string", "as_string_lit_null", "as_date", "as_timestamp", "as_big_decimal", "as_list_of_records", "as_nested_struct", "value"], ["as_int", "as_long", "as_byte", "as_short", "as_boolean", "as_float", "as_double", "as_string", "as_string_lit_null", "as_date", "as_timestamp", "as_big_decimal"]),
        new("golden/data-reader-primitives", 0, 2, ["as_int", "as_long", "as_byte", "as_short", "as_boolean", "as_float", "as_double", "as_string", "as_binary", "as_big_decimal"], NoPartitions),
        new("golden/data-skipping-basic-stats-all-types", 0, 1, ["as_int", "as_long", "as_byte", "as_short", "as_float", "as_double", "as_string", "as_date", "as_timestamp", "as_big_decimal"], NoPartitions),
        new("golden/data-skipping-basic-stats-all-types-checkpoint", 0, 1, ["as_int", "as_long", "as_byte", "as_short", "as_float", "as_double", "as_string", "as_date", "as_timestamp", "as_big_decimal"], NoPartitions),
        new("golden/data-skipping-change-stats-collected-across-versions", 4, 3, ["col1", "col2"], NoPartitions),
        new("golden/data-skipping-partition-and-data-column", 3, 4, ["part", "id"], NoPartitions),
        new("golden/decimal-various-scale-precision", 0, 1, null, NoPartitions),
        new("golden/delete-re-add-same-file-different-transactions", 3, 2, ["intCol"], NoPartitions),
        new("golden/deltalog-commit-info", 0, 1, null, NoPartitions),
        new("golden/deltalog-getChanges", 2, 0, ["part", "id"], NoPartitions),
        new("golden/hive/deltatbl-column-names-case-insensitive", 0, 4, ["FooBar", "BarFoo"], ["BarFoo"]),
        new("golden/hive/deltatbl-map-types-correctly", 0, 1, ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "c12", "c13", "c14", "c15"], NoPartitions),
        new("golden/hive/deltatbl-non-partitioned", 0, 2, ["c1", "c2"], NoPartitions),
        new("golden/hive/deltatbl-partition-prune", 0, 5, ["city", "date", "name", "cnt"], ["date", "city"]),
        new("golden/hive/deltatbl-partitioned", 0, 4, ["c1", "c2"], ["c2"]),
        new("golden/hive/deltatbl-special-chars-in-partition-column", 0, 4, ["c1", "c2"], ["c2"]),
        new("golden/kernel-resources/basic-with-checkpoint", 14, 30, ["id"], NoPartitions),
        new("golden/kernel-timestamp-INT96", 0, 5, ["id", "part", "time"], ["part"]),
        new("golden/kernel-timestamp-PST", 0, 5, ["id", "part", "time"], ["part"]),
        new("golden/kernel-timestamp-TIMESTAMP_MICROS", 0, 5, ["id", "part", "time"], ["part"]),
        new("golden/kernel-timestamp-TIMESTAMP_MILLIS", 0, 5, ["id", "part", "time"], ["part"]),
        new("golden/kernel-timestamp-partition-col-ISO8601", 0, 2, ["str", "ts"], ["ts"]),
        new("golden/log-replay-latest-metadata-protocol", 2, 4, ["col1", "col2"], NoPartitions, "3/7"),
        new("golden/log-replay-special-characters-a", 1, 0, ["intCol"], NoPartitions),
        new("golden/log-replay-special-characters-b", 0, 1, ["intCol"], NoPartitions),
        new("golden/multi-part-checkpoint", 1, 10, ["id"], NoPartitions),
        new("golden/only-checkpoint-files", 2, 7, ["id"], NoPartitions),
        new("golden/parquet-decimal-type", 0, 1, ["id", "col1", "col2", "col3"], NoPartitions),
        new("golden/snapshot-data0", 0, 2, ["col1", "col2"], NoPartitions),
        new("golden/snapshot-data1", 1, 4, ["col1", "col2"], NoPartitions),
        new("golden/snapshot-data2", 2, 2, ["col1", "col2"], NoPartitions),
        new("golden/snapshot-data2-deleted", 4, 3, ["col1", "col2"], NoPartitions),
        new("golden/snapshot-data3", 3, 4, ["col1", "col2"], NoPartitions),
        new("golden/snapshot-repartitioned", 5, 2, ["col1", "col2"], NoPartitions),
        new("golden/snapshot-vacuumed", 5, 2, ["col1", "col2"], NoPartitions),
        new("golden/time-travel-partition-changes-a", 0, 10, ["id", "part5"], ["part5"]),
        new("golden/time-travel-partition-changes-b", 1, 4, ["id", "part2"], ["part2"]),
        new("golden/time-travel-schema-changes-a", 0, 2, ["id"], NoPartitions),
        new("golden/time-travel-schema-changes-b", 1, 4, ["id", "part"], NoPartitions),
        new("golden/time-travel-start", 0, 2, ["id"], NoPartitions),
        new("golden/time-travel-start-start20", 1, 4, ["id"], NoPartitions),
        new("golden/time-travel-start-start20-start40", 2, 6, ["id"], NoPartitions),
        new("golden/update-deleted-directory", 0, 10, null, NoPartitions),
        new("dat/out/reader_tests/generated/basic_append/delta", 1, 2, ["letter", "number", "a_float"], NoPartitions),
        new("dat/out/reader_tests/generated/basic_partitioned/delta", 1, 6, ["letter", "number", "a_float"], ["letter"]),
        new("dat/out/reader_tests/generated/multi_partitioned/delta", 2, 2, ["letter", "date", "data", "number"], ["letter", "date", "data"]),
        new("dat/out/reader_tests/generated/with_schema_change/delta", 1, 1, ["num1", "num2"], NoPartitions),
    ];

    /// <summary>Tables that must fail to load, with a phrase the error must contain.</summary>
    public static readonly IReadOnlyList<(string Table, string Message)> MustError =
    [
        ("golden/versions-not-contiguous", "versions are not contiguous: ([0, 2])"),
        ("golden/deltalog-state-reconstruction-without-protocol", "No protocol found"),
        ("golden/deltalog-state-reconstruction-without-metadata", "No metadata found"),
        ("golden/deltalog-state-reconstruction-from-checkpoint-missing-metadata", "No metadata found"),
        ("golden/deltalog-state-reconstruction-from-checkpoint-missing-protocol", "No protocol found"),
        ("golden/deltalog-invalid-protocol-version", "Unsupported Delta protocol reader version 99"),
    ];

    /// <summary>Tables whose reader protocol this library refuses, with the feature the error must name.</summary>
    public static readonly IReadOnlyList<(string Table, string Feature)> MustRefuseRead =
    [
        ("golden/table-with-columnmapping-mode-name", "columnMapping"),
        ("golden/data-reader-timestamp_ntz", "timestampNtz"),
        ("golden/dv-partitioned-with-checkpoint", "deletionVectors"),
        ("golden/v2-checkpoint-parquet", "v2Checkpoint"),
        ("golden/type-widening", "timestampNtz"),
    ];

    /// <summary>Readable tables whose writer protocol this library refuses, with the feature the error must name.</summary>
    public static readonly IReadOnlyList<(string Table, string Feature)> MustRefuseWrite =
    [
        ("golden/commit-info-containing-arbitrary-operationParams-types", "changeDataFeed"),
    ];

    public static TheoryData<string> Names(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (var name in names)
        {
            data.Add(name);
        }

        return data;
    }
}

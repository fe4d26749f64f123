namespace Tributary.Delta.Tests.Data;

/// <summary>Expected rows of the golden and DAT tables, as documented in golden/INDEX.md and dat/INDEX.md.</summary>
public static class GoldenData
{
    private static IEnumerable<int> R(int from, int count) => Enumerable.Range(from, count);

    private static string[] Ids(IEnumerable<int> ids) => ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    // Kernel timestamp tables: (id, part µs, time µs); part is the legacy string read as UTC.
    private static readonly string[] KernelTimestamps =
    [
        "0|1577866150001000|1580544550000000",
        "1|1633075760000000|915181200000000",
        "2|1633075760000000|946717200000000",
        "3|-31536000000000|-31536000000000",
        "4|null|null",
    ];

    private static readonly string[] DecimalRows =
    [
        "234.00000|1.00|2.00000|3.0000000000",
        "2342222.23454|111.11|22222.22222|3333333333.3333333333",
        "0.00004|0.00|0.00000|0.0000000000",
        "-2342342.23423|-999.99|-99999.99999|-9999999999.9999999999",
    ];

    // c12 of deltatbl-map-types-correctly is stored as 12345.678900000000794535: Spark converted the double 12345.6789.
    public static readonly IReadOnlyList<DataExpectation> All =
    [
        new("golden/snapshot-data0", ["col1", "col2"], R(0, 10).Select(i => $"{i}|data-0-{i}").ToList()),
        new("golden/snapshot-data1", ["col2"], R(0, 10).Select(i => $"data-0-{i}").Concat(R(0, 10).Select(i => $"data-1-{i}")).ToList()),
        new("golden/snapshot-data2", ["col2"], R(0, 10).Select(i => $"data-2-{i}").ToList()),
        new("golden/snapshot-data3", ["col2"], R(0, 10).Select(i => $"data-2-{i}").Concat(R(0, 20).Select(i => $"data-3-{i}")).ToList()),
        new("golden/snapshot-data2-deleted", ["col2"], R(0, 20).Select(i => $"data-3-{i}").ToList()),
        new("golden/snapshot-repartitioned", ["col2"], R(0, 20).Select(i => $"data-3-{i}").ToList()),
        new("golden/snapshot-vacuumed", ["col2"], R(0, 20).Select(i => $"data-3-{i}").ToList()),
        new("golden/basic-with-inserts-updates", ["id", "str"], R(0, 50).Select(i => $"{i}|N/A").Concat(R(50, 50).Select(i => $"{i}|val={i}")).ToList()),
        new("golden/basic-with-inserts-merge", ["id", "str"], R(10, 40).Select(i => $"{i}|val={i}").Concat(R(50, 50).Select(i => $"{i}|N/A")).Concat(R(100, 50).Select(i => $"{i}|EXT")).ToList()),
        new("golden/basic-with-inserts-overwrite-restore", ["id"], Ids(R(0, 200))),
        new("golden/125-iterator-bug", ["col1"], Ids(R(1, 5))),
        new("golden/kernel-resources/basic-with-checkpoint", ["id"], Ids(R(0, 150))),
        new("golden/basic-with-inserts-deletes-checkpoint", ["id"], Ids(R(0, 5).Concat(R(10, 5)).Concat(R(20, 5)).Concat(R(30, 5)).Concat(R(40, 5)).Concat(R(50, 16)))),
        new("golden/multi-part-checkpoint", ["id"], Ids(R(0, 30).Append(0))),
        new("golden/only-checkpoint-files", ["id"], Ids(R(5, 5).Concat(R(0, 20)))),
        new("golden/corrupted-last-checkpoint-kernel", ["id"], Ids(R(0, 100))),
        new("golden/time-travel-start-start20-start40", ["id"], Ids(R(0, 10)), 0),
        new("golden/time-travel-start-start20-start40", ["id"], Ids(R(0, 20)), 1),
        new("golden/time-travel-start-start20-start40", ["id"], Ids(R(0, 30))),
        new("golden/time-travel-schema-changes-b", ["id", "part"], R(0, 10).Select(i => $"{i}|null").Concat(R(10, 10).Select(i => $"{i}|{i}")).ToList()),
        new("golden/time-travel-schema-changes-b", ["id"], Ids(R(0, 10)), 0),
        new("golden/time-travel-partition-changes-b", ["id", "part2"], R(10, 10).Select(i => $"{i}|{i % 2}").ToList()),
        new("golden/time-travel-partition-changes-b", ["id", "part5"], R(0, 10).Select(i => $"{i}|{i % 5}").ToList(), 0),
        new("golden/log-replay-latest-metadata-protocol", ["col2"], Enumerable.Repeat("null", 20).Concat(R(0, 20).Select(i => "x")).ToList()),
        new("golden/data-reader-escaped-chars", ["_1", "_2"], ["foo1|bar+%21", "foo2|bar+%22", "foo3|bar+%23"]),
        new("golden/hive/deltatbl-special-chars-in-partition-column", ["c1", "c2"], R(0, 10).Select(i => $"{i}|+ =%{i % 2}").ToList()),
        new("golden/hive/deltatbl-partition-prune", ["city", "date", "name", "cnt"], ["hz|20180520|Jim|3", "hz|20180718|Jone|7", "bj|20180520|Trump|1", "sh|20180512|Jay|4", "sz|20181212|Linda|8"]),
        new("golden/hive/deltatbl-partitioned", ["c1", "c2"], R(0, 10).Select(i => $"{i}|foo{i % 2}").ToList()),
        new("golden/hive/deltatbl-non-partitioned", ["c1", "c2"], R(0, 10).Select(i => $"{i}|foo{i % 2}").ToList()),
        new("golden/hive/deltatbl-column-names-case-insensitive", ["FooBar", "BarFoo"], R(0, 10).Select(i => $"{i}|foo{i % 2}").ToList()),
        new("golden/hive/deltatbl-map-types-correctly", ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "c12", "c13", "c14", "c15"],
            ["97|0x6263|true|4|5|foo|6|7|8|1970-01-01|60000000000|12345.678900000000794535|[foo,bar]|{foo:123}|{foo,456}"]),
        new("golden/kernel-timestamp-INT96", ["id", "part", "time"], KernelTimestamps),
        new("golden/kernel-timestamp-TIMESTAMP_MICROS", ["id", "part", "time"], KernelTimestamps),
        new("golden/kernel-timestamp-TIMESTAMP_MILLIS", ["id", "part", "time"], KernelTimestamps),
        new("golden/kernel-timestamp-partition-col-ISO8601", ["ts"], ["1704103200000000", "1704198600000000"]),
        new("golden/data-reader-date-types-UTC", ["timestamp", "date"], ["1577866150000000|2020-01-01"]),
        new("golden/data-reader-date-types-PST", ["timestamp", "date"], ["1577894950000000|2020-01-01"]),
        new("golden/124-decimal-decode-bug", ["large_decimal"], ["1000000"]),
        new("golden/basic-decimal-table", ["part", "col1", "col2", "col3"], DecimalRows),
        new("golden/basic-decimal-table-legacy", ["part", "col1", "col2", "col3"], DecimalRows),
        new("golden/data-reader-primitives", ["as_int", "as_long", "as_byte", "as_short", "as_boolean", "as_float", "as_double", "as_string", "as_binary", "as_big_decimal"],
            R(0, 10).Select(i => $"{i}|{i}|{i}|{i}|{(i % 2 == 0 ? "true" : "false")}|{i}|{i}|{i}|0x{i:X2}{i:X2}|{i}").Append("null|null|null|null|null|null|null|null|null|null").ToList()),
        new("golden/data-reader-array-primitives", ["as_array_int", "as_array_long", "as_array_string", "as_array_binary", "as_array_big_decimal"],
            R(0, 10).Select(i => $"[{i}]|[{i}]|[{i}]|[0x{i:X2}{i:X2}]|[{i}]").ToList()),
        new("golden/data-reader-array-complex-objects", ["i", "3d_int_list", "list_of_maps", "list_of_records"],
            R(0, 10).Select(i => $"{i}|[[[{i},{i},{i}],[{i},{i},{i}]],[[{i},{i},{i}],[{i},{i},{i}]]]|[{{{i}:{i}}},{{{i}:{i}}}]|[{{{i}}},{{{i}}},{{{i}}}]").ToList()),
        new("golden/data-reader-map", ["i", "a", "b", "c", "d", "e", "f"],
            R(0, 10).Select(i => $"{i}|{{{i}:{i}}}|{{{i}:{i}}}|{{{i}:{(i % 2 == 0 ? "true" : "false")}}}|{{{i}:{i}}}|{{{i}:{i}}}|{{{i}:[{{{i}}},{{{i}}},{{{i}}}]}}").ToList()),
        new("golden/data-reader-nested-struct", ["a", "b"], R(0, 10).Select(i => $"{{{i},{i},{{{i},{i}}}}}|{i}").ToList()),
        new("golden/data-reader-nullable-field-invalid-schema-key", ["array_can_contain_null"], ["[null,null,null]"]),
        new("golden/data-reader-partition-values", ["as_int", "as_long", "as_byte", "as_short", "as_boolean", "as_float", "as_double", "as_string", "as_string_lit_null", "as_date", "as_timestamp", "as_big_decimal", "as_list_of_records", "as_nested_struct", "value"],
        [
            "0|0|0|0|true|0|0|0|null|2021-09-08|1631099471000000|0|[{0},{0},{0}]|{0,0,{0,0}}|0",
            "1|1|1|1|false|1|1|1|null|2021-09-08|1631099471000000|1|[{1},{1},{1}]|{1,1,{1,1}}|1",
            "null|null|null|null|null|null|null|null|null|null|null|null|[{2},{2},{2}]|{2,2,{2,2}}|2",
        ]),
        new("dat/out/reader_tests/generated/basic_append/delta", ["letter", "number", "a_float"], ["a|1|1.1", "b|2|2.2", "c|3|3.3"], 0),
        new("dat/out/reader_tests/generated/basic_append/delta", ["letter", "number", "a_float"], ["a|1|1.1", "b|2|2.2", "c|3|3.3", "d|4|4.4", "e|5|5.5"]),
        new("dat/out/reader_tests/generated/basic_partitioned/delta", ["letter", "number", "a_float"], ["a|1|1.1", "b|2|2.2", "c|3|3.3", "a|4|4.4", "e|5|5.5", "null|6|6.6"]),
        new("dat/out/reader_tests/generated/multi_partitioned/delta", ["letter", "date", "data", "number"], ["a|1970-01-01|0x68656C6C6F|1", "b|1970-01-01|0x776F726C64|2", "b|1970-01-02|0x776F726C64|3"], 0),
        new("dat/out/reader_tests/generated/multi_partitioned/delta", ["letter", "date", "data", "number"], ["/%20%f|1970-01-01|0x68656C6C6F|6", "b|1970-01-01|0xF09F9888|7"]),
        new("dat/out/reader_tests/generated/with_schema_change/delta", ["num1", "num2"], ["22|33", "44|55", "66|77"]),
    ];

    public static TheoryData<int> Indexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < All.Count; i++)
        {
            data.Add(i);
        }

        return data;
    }
}

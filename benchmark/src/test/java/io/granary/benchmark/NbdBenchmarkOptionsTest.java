package io.granary.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NbdBenchmarkOptionsTest {
    private static NbdBenchmarkOptions parse(String... args) {
        return NbdBenchmarkOptions.parse(args);
    }

    @Test
    void defaults() {
        NbdBenchmarkOptions options = parse();
        assertEquals(ByteSize.GIB, options.size());
        assertEquals(20, options.runtime());
        assertEquals(List.of(FioJob.RANDREAD, FioJob.RANDWRITE, FioJob.READ, FioJob.WRITE), options.jobs());
        assertNull(options.data());
        assertEquals("./scripts/benchmark nbd --size 1g --runtime 20 --jobs randread,randwrite,read,write",
                options.reproduceCommand());
    }

    @Test
    void givenValuesInBothSpellings() {
        NbdBenchmarkOptions options = parse("--size", "512m", "--runtime=15", "--jobs", "write,randread");
        assertEquals(512 * ByteSize.MIB, options.size());
        assertEquals(15, options.runtime());
        assertEquals(List.of(FioJob.WRITE, FioJob.RANDREAD), options.jobs());
        assertEquals("./scripts/benchmark nbd --size 512m --runtime 15 --jobs write,randread",
                options.reproduceCommand());
    }

    @Test
    void help() {
        assertNull(parse("--runtime", "5", "--help"));
    }

    @Test
    void refusesWrongCommandLines() {
        List<String[]> wrong = List.of(new String[] {"--size", "1000"}, new String[] {"--size", "512k"},
                new String[] {"--size", "lots"}, new String[] {"--runtime", "0"}, new String[] {"--runtime", "1.5"},
                new String[] {"--jobs", "randread,trim"}, new String[] {"--jobs", "read,read"},
                new String[] {"--jobs", ""}, new String[] {"--objects", "5"}, new String[] {"--runtime"},
                new String[] {"nbd"}, new String[] {"--runtime", "5", "--runtime", "6"});
        for (String[] args : wrong) {
            assertThrows(BenchmarkOptions.UsageException.class, () -> parse(args), String.join(" ", args));
        }
    }

    @Test
    void fioJobArgumentsAreThoseOfTheIssue() {
        List<String> arguments = Fio.jobArguments("nbd://127.0.0.1:10809/disk", FioJob.RANDWRITE, ByteSize.GIB, 15);
        assertEquals(List.of("--name=randwrite", "--ioengine=nbd", "--uri=nbd://127.0.0.1:10809/disk",
                "--rw=randwrite", "--bs=4k", "--iodepth=16", "--numjobs=1", "--size=1073741824", "--time_based",
                "--runtime=15", "--ramp_time=2", "--output-format=json"), arguments);
        assertTrue(FioJob.READ.reads());
        assertEquals("1M", FioJob.named("READ").blockSize());
        assertEquals(0.7, FioJob.WRITE.target());
        assertEquals(0.5, FioJob.RANDREAD.target());
    }
}

// The fuzz targets without libFuzzer: runs a target over every file of the folders given (its
// corpus and its kept regressions), so the ordinary build's ctest (and its ASan/UBSan pass)
// checks the targets' promises on every input the fuzzing kept. scripts/fuzz does the fuzzing.
#include <QDir>
#include <QFile>

#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int inputs = 0;
    for (int arg = 1; arg < argc; ++arg) {
        const QDir folder(QString::fromLocal8Bit(argv[arg]));
        for (const QString &name : folder.entryList(QDir::Files, QDir::Name)) {
            QFile file(folder.filePath(name));
            if (!file.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "replay: cannot read %s\n", qPrintable(file.fileName()));
                return 1;
            }
            const QByteArray bytes = file.readAll();
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.constData()),
                                   size_t(bytes.size()));
            ++inputs;
        }
    }
    std::printf("replay: %d inputs, no promise broken\n", inputs);
    return inputs > 0 ? 0 : 1; // a corpus that went missing is a failure, not a pass
}

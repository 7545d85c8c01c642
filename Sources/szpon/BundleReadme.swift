import Foundation

/// The short note for teachers inside every bundle, in Polish and English.
enum BundleReadme {
    static func text(title: String, archive: String, ingestURL: String?, scorm: Bool) -> String {
        let sync = ingestURL.map { url in
            (pl: "Gdy komputer ma połączenie z \(url), wyniki wysyłają się same.",
             en: "When the computer can reach \(url), the results are sent by themselves.")
        } ?? (pl: "Pakiet nie ma adresu serwera wyników, więc wyniki zostają w przeglądarce.",
              en: "The bundle names no results server, so the results stay in the browser.")
        let scormNote = scorm
            ? (pl: "\nW Moodle: Dodaj aktywność → Pakiet SCORM → wskaż ten plik ZIP (nie rozpakowuj go).\n",
               en: "\nIn Moodle: Add an activity → SCORM package → choose this ZIP file (do not unzip it).\n")
            : (pl: "", en: "")
        return """
        \(title)
        \(String(repeating: "=", count: max(3, title.count)))

        [PL] Jak korzystać z pakietu
        1. Rozpakuj archiwum do dowolnego folderu, np. na pendrivie.
        2. Otwórz plik index.html w przeglądarce (Chrome, Edge lub Firefox).
           Internet nie jest potrzebny.
        3. Postępy i wyniki testów zapisują się w przeglądarce na tym komputerze.
        4. \(sync.pl)
           Bez połączenia uczestnik klika „Pobierz moje wyniki” (na dole strony)
           i oddaje plik prowadzącemu, który wczytuje go poleceniem:
           szpon import results PLIK
        5. Sprawdzenie, czy pakiet jest kompletny: szpon bundle verify \(archive)
        \(scormNote.pl)
        [EN] How to use this bundle
        1. Unzip the archive into any folder, for example on a USB stick.
        2. Open index.html in a browser (Chrome, Edge or Firefox).
           No internet connection is needed.
        3. Progress and test results are kept in the browser on this computer.
        4. \(sync.en)
           Offline, a learner clicks "Download my results" (at the bottom of the page)
           and hands the file to the teacher, who loads it with:
           szpon import results FILE
        5. To check that the bundle is complete: szpon bundle verify \(archive)
        \(scormNote.en)
        """
    }
}

/// Progress while bundling: a bar on a terminal, plain lines otherwise (logs, CI).
struct BundleProgress {
    let total: Int
    let terminal = isatty(STDERR_FILENO) == 1

    func step(_ done: Int, _ name: String) {
        if terminal {
            let width = 24
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) \(name)\u{1B}[K".utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else {
            FileHandle.standardError.write(Data("bundling \(done)/\(total): \(name)\n".utf8))
        }
    }
}

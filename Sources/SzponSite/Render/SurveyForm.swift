import SzponContent
import SzponMarkdown

/// Builds the accessible HTML form of a survey through the theme's `survey-form` template.
struct SurveyForm {
    let theme: Theme
    var i18n: I18n { theme.i18n }

    func render(_ survey: Survey) -> String {
        theme.render("survey-form", context(survey))
    }

    func context(_ survey: Survey) -> [String: Any] {
        let questions = survey.questions.enumerated().map { index, q -> [String: Any] in
            let base = "\(survey.id)-\(q.id)"
            var context: [String: Any] = [
                "number": index + 1, "id": q.id, "domID": "s-\(base)", "type": q.kind.rawValue, "name": base,
                "legendHTML": Markdown.inline(q.text), "required": q.required,
            ]
            func options(_ labels: [String], type: String = "radio") -> [[String: Any]] {
                labels.enumerated().map { i, label in
                    ["inputID": "\(base)-\(i)", "type": type, "name": base, "value": String(i), "html": HTML.escape(label), "required": q.required && type == "radio"]
                }
            }
            switch q.kind {
            case .likert:
                let labels = (1...(q.scale ?? 5)).map { i18n["likert\(q.scale ?? 5)_\($0)"] }
                context["isChoice"] = true
                context["options"] = options(labels)
            case .rating:
                context["isChoice"] = true
                context["options"] = (0...10).map { i in
                    ["inputID": "\(base)-\(i)", "type": "radio", "name": base, "value": String(i), "html": String(i), "required": q.required] as [String: Any]
                }
                context["horizontal"] = true
                context["scaleHint"] = "0 – \(i18n["rating_low"]), 10 – \(i18n["rating_high"])"
            case .single:
                context["isChoice"] = true
                context["options"] = options(q.options)
            case .multiple:
                context["isChoice"] = true
                context["options"] = options(q.options, type: "checkbox")
            case .text:
                context["isText"] = true
                context["inputID"] = "\(base)-input"
            case .matrix:
                context["isMatrix"] = true
                context["columns"] = q.columns.map { ["text": $0] }
                context["rows"] = q.rows.enumerated().map { r, row in
                    ["text": row, "headerID": "\(base)-r\(r)", "cells": q.columns.enumerated().map { c, column in
                        ["inputID": "\(base)-\(r)-\(c)", "name": "\(base)-\(r)", "value": String(c),
                         "label": "\(row): \(column)", "required": q.required] as [String: Any]
                    }] as [String: Any]
                }
            }
            return context
        }
        let payload: [String: Any] = [
            "id": survey.id, "anonymous": survey.anonymous, "hash": survey.contentHash,
            "questions": survey.questions.map { q -> [String: Any] in
                var item: [String: Any] = ["id": q.id, "type": q.kind.rawValue, "required": q.required]
                if let scale = q.scale { item["scale"] = scale }
                if q.kind == .matrix { item["rows"] = q.rows.count }
                return item
            },
        ]
        return [
            "t": theme.sharedStrings,
            "id": survey.id,
            "title": survey.title ?? "",
            "hasTitle": survey.title != nil,
            "anonymous": survey.anonymous,
            "questions": questions,
            "hasRequired": survey.questions.contains(where: \.required),
            "thankYouHTML": survey.thankYou.map(Markdown.block) ?? "<p>\(HTML.escape(i18n["survey_thanks"]))</p>",
            "json": json(payload),
        ]
    }
}

extension LowerText {
    /// The words of the text: runs of letters and digits, and of `joiner` when given ("-" keeps
    /// "13-week" one word), as `text.split { !($0.isLetter || $0.isNumber || $0 == joiner) }`
    /// gives them. ASCII text (nearly all) is split on its bytes, without Unicode properties.
    func words(joinedBy joiner: Character? = nil) -> [String] {
        guard isASCII else { return text.split { !($0.isLetter || $0.isNumber || $0 == joiner) }.map(String.init) }
        let joinerByte = joiner?.asciiValue
        return bytes.split { !(ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == joinerByte) }.map { stringFrom($0) }
    }
}

// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// ArbWasm, the precompile that activates Stylus programs.
interface IArbWasm {
    function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
    function codehashVersion(bytes32 codehash) external view returns (uint16 version);
    function stylusVersion() external view returns (uint16 version);
}

/// @title A StylusDeployer for dev chains that have none
/// @notice `deploy` creates, activates and constructs a Stylus contract in
/// one transaction, with the external interface and address rule of
/// Arbitrum's StylusDeployer, so the deploy tool treats the two alike: the
/// contract is created with CREATE2 under keccak256(salt, initData,
/// initValue) when `salt` is not zero (with CREATE otherwise), activated if
/// its code is not active at the current Stylus version (paid from
/// msg.value - initValue), called with `initData` and `initValue`, and what
/// is left of msg.value goes back to the caller.
contract DevStylusDeployer {
    IArbWasm private constant ARB_WASM = IArbWasm(address(0x71));

    event ContractDeployed(address deployedContract);

    error ContractDeploymentError(bytes bytecode);
    error ContractInitializationError(address newContract);
    error RefundExcessValueError(uint256 excessValue);
    error EmptyBytecode();
    error InitValueButNotInitData();

    function deploy(bytes calldata bytecode, bytes calldata initData, uint256 initValue, bytes32 salt)
        external
        payable
        returns (address created)
    {
        if (bytecode.length == 0) revert EmptyBytecode();
        if (initData.length == 0 && initValue != 0) revert InitValueButNotInitData();
        bytes memory code = bytecode;
        if (salt == 0) {
            assembly {
                created := create(0, add(code, 0x20), mload(code))
            }
        } else {
            bytes32 derived = initSalt(salt, initData, initValue);
            assembly {
                created := create2(0, add(code, 0x20), mload(code), derived)
            }
        }
        if (created == address(0)) revert ContractDeploymentError(bytecode);
        if (requiresActivation(created)) {
            ARB_WASM.activateProgram{value: msg.value - initValue}(created);
        }
        if (initData.length != 0) {
            (bool constructed,) = created.call{value: initValue}(initData);
            if (!constructed) revert ContractInitializationError(created);
        }
        uint256 left = address(this).balance;
        if (left != 0) {
            (bool refunded,) = msg.sender.call{value: left}("");
            if (!refunded) revert RefundExcessValueError(left);
        }
        emit ContractDeployed(created);
    }

    /// The CREATE2 salt of a deployment: it commits to the constructor call.
    function initSalt(bytes32 salt, bytes calldata initData, uint256 initValue) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(salt, initData, initValue));
    }

    /// Whether `program`'s code still has to be activated.
    function requiresActivation(address program) public view returns (bool) {
        try ARB_WASM.codehashVersion(program.codehash) returns (uint16 version) {
            return version != ARB_WASM.stylusVersion();
        } catch {
            return true;
        }
    }
}
